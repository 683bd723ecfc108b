// The empty `deno run` baseline of `deno task bench`: Deno's own start-up with this project's config.

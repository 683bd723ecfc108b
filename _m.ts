for (const n of Deno.args) {
  const t = performance.now();
  await import(n);
  console.log(n.replace(/.*\//,""), (performance.now() - t).toFixed(1));
}

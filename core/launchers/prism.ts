/** Prism Launcher: native, Flatpak, `$PRISMLAUNCHER_DATA_DIR`, portable, macOS and Windows (mmc.ts). */
import { mmcModule } from "./mmc.ts";

export const prism = mmcModule("prism");

/** MultiMC: its own folder (`--launcher-dir`), or where it is usually unpacked (mmc.ts). */
import { mmcModule } from "./mmc.ts";

export const multimc = mmcModule("multimc");

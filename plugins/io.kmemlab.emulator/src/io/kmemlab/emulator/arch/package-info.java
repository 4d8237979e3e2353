/**
 * What differs between architectures and paging modes (arch/ARCH/include/asm): levels and entry formats, the kernel virtual layout, __pa/__va, zone defaults, how the direct map is built. x86_64 here; i386 and ARM beside it.
 */
package io.kmemlab.emulator.arch;

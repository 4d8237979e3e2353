/**
 * The early boot allocator (mm/memblock.c), with the bootmem placement of 2.6 kernels.
 */
package io.kmemlab.emulator.memblock;

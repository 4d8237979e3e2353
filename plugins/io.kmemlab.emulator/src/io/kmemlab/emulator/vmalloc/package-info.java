/**
 * vmalloc areas with guard pages and VMAP_STACK kernel stacks (mm/vmalloc.c, kernel/fork.c).
 */
package io.kmemlab.emulator.vmalloc;

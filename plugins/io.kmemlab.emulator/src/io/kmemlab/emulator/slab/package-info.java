/**
 * SLUB's kmalloc caches and slab pages (mm/slub.c, mm/slab_common.c).
 */
package io.kmemlab.emulator.slab;

/**
 * Page tables in emulated frames: map, lookup, the fast CPU translation and the traced walk (mm/pgtable-generic.c, arch/x86/mm).
 */
package io.kmemlab.emulator.paging;

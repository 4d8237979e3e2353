/**
 * User address spaces: mm_struct and VMAs, mmap/munmap, demand faults, copy-on-write, swap, hugetlb, GUP, and the reports for bad accesses (mm/memory.c, mm/mmap.c, mm/gup.c, mm/swapfile.c, mm/hugetlb.c, arch/x86/mm/fault.c).
 */
package io.kmemlab.emulator.process;

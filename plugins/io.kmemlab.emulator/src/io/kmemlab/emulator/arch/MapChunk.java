package io.kmemlab.emulator.arch;

/**
 * One piece of a kernel mapping an arch builder asks for: map {@code size} bytes at
 * {@code va} to {@code pa} with leaves at {@code leafLevel} (PagingMode.PTE, PMD, PUD).
 */
public record MapChunk(long va, long pa, long size, int leafLevel, int prot) { }

/**
 * What an operation did (formulas, page-table entries read, notes) and what the kernel would print (oops, BUG, WARN, SIGSEGV) - events the printers and views render.
 */
package io.kmemlab.emulator.trace;

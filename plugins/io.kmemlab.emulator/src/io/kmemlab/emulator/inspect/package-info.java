/**
 * Read-only inspection of an emulated machine, for the views, the debugger and the CLI:
 * {@link io.kmemlab.emulator.inspect.Inspector} (from {@code Machine.inspect()}) answers with
 * immutable snapshots - the physical map as runs of frames by owner, zones, a decoded struct
 * page with every union view of its bytes, page-table walks of any address space, processes
 * and their VMAs, pkmap and kmap slots, kernel address regions - and computes the change set of
 * a step from a checkpoint ({@link io.kmemlab.emulator.inspect.ChangeSet}), from which
 * {@link io.kmemlab.emulator.inspect.Provenance} tells which step last wrote a frame, an entry
 * or a struct page field. Nothing here modifies the machine.
 */
package io.kmemlab.emulator.inspect;

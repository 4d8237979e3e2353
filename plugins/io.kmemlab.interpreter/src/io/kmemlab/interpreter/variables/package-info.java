/**
 * What a debugger shows of a suspended scenario's values: one tree of rows ({@link
 * io.kmemlab.interpreter.variables.VarNode}) per variable, with the kernel's type names and the
 * structures behind pointers decoded from the emulator's inspection snapshots. The Eclipse
 * debugger's Variables view and the Debug Adapter Protocol server both render these rows, so
 * they never disagree. Rows expanded later read the machine through a
 * {@link io.kmemlab.interpreter.variables.MachineAccess}: on the engine thread, while suspended.
 */
package io.kmemlab.interpreter.variables;

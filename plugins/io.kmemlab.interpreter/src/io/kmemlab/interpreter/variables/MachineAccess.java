package io.kmemlab.interpreter.variables;

import io.kmemlab.emulator.Machine;
import java.util.function.Function;

/**
 * How the variables model reads the emulated machine: on the thread that owns it, while the
 * scenario is suspended. Null answers mean "not available now" (running, terminated, or the
 * machine could not be built).
 */
public interface MachineAccess {
	<T> T read(Function<Machine, T> query);
}

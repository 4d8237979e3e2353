package io.kmemlab.ui.editor;

import java.util.OptionalLong;

import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.interpreter.port.CallContext;
import io.kmemlab.interpreter.port.KernelConstants;
import io.kmemlab.interpreter.value.Value;
import io.kmemlab.lang.ide.hover.ConstantValues;
import io.kmemlab.lang.kmem.Machine;

/**
 * Machine-dependent constants (PAGE_OFFSET, VMALLOC_START ...) as a scenario on the machine
 * reads them: the machine is created from its clauses (laid out, not booted) and the
 * interpreter's constant table, the one source of the language's constants, is asked.
 */
final class EmulatorConstantValues implements ConstantValues {

	static final EmulatorConstantValues INSTANCE = new EmulatorConstantValues();

	@Override
	public OptionalLong valueOn(Machine machine, String constant) {
		try {
			io.kmemlab.emulator.Machine laidOut = io.kmemlab.emulator.Machine.create(MachineSpecs.of(machine));
			Value value = KernelConstants.lookup(constant, new CallContext(laidOut, null, Trace.NONE));
			return value != null && (value.isNumeric() || value.isPointer()) ? OptionalLong.of(value.bits())
					: OptionalLong.empty();
		} catch (RuntimeException e) {
			// A machine the emulator rejects, or an area it does not have (no vmemmap, no kmap
			// window): the hover then says what the language knows.
			return OptionalLong.empty();
		}
	}
}

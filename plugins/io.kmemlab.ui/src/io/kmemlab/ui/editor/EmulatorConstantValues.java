package io.kmemlab.ui.editor;

import java.util.OptionalLong;

import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.lang.ide.hover.ConstantValues;
import io.kmemlab.lang.kmem.Machine;

/**
 * Machine-dependent constants (PAGE_OFFSET, VMALLOC_START ...) as the emulator lays the
 * machine out: the machine is created from its clauses (not booted), and asked.
 */
final class EmulatorConstantValues implements ConstantValues {

	static final EmulatorConstantValues INSTANCE = new EmulatorConstantValues();

	@Override
	public OptionalLong valueOn(Machine machine, String constant) {
		try {
			Long value = io.kmemlab.emulator.Machine.create(MachineSpecs.of(machine)).constant(constant);
			return value == null ? OptionalLong.empty() : OptionalLong.of(value);
		} catch (RuntimeException e) {
			return OptionalLong.empty(); // a machine the emulator cannot lay out: the hover says what it can
		}
	}
}

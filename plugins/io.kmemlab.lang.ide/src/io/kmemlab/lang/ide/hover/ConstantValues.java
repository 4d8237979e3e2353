package io.kmemlab.lang.ide.hover;

import java.util.OptionalLong;

import io.kmemlab.lang.kmem.Machine;

/**
 * The value of a machine-dependent constant (PAGE_OFFSET, VMALLOC_START ...) on a machine. The
 * emulator computes the layout; the language does not know it, so an editor that can reach the
 * emulator supplies the values.
 */
public interface ConstantValues {

	OptionalLong valueOn(Machine machine, String constant);

	ConstantValues NONE = (machine, constant) -> OptionalLong.empty();
}

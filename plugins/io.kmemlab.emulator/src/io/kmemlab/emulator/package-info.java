/**
 * The emulator of Linux physical-memory management: {@link io.kmemlab.emulator.Machine} is the facade the interpreter, CLI and IDE use; {@link io.kmemlab.emulator.spec.MachineSpec} describes a machine, {@link io.kmemlab.emulator.spec.KernelProfile} holds the rules that changed across kernel versions, {@link io.kmemlab.emulator.Kernel} wires the subsystems and runs the boot phases. Plain Java, no dependencies (docs/emulator-design.md).
 */
package io.kmemlab.emulator;

/**
 * What a machine is, as data: the `machine { }` block ({@link io.kmemlab.emulator.spec.MachineSpec}, {@link io.kmemlab.emulator.spec.ZoneSpec}, {@link io.kmemlab.emulator.spec.MemoryModelKind}), the `config { }` switches ({@link io.kmemlab.emulator.spec.ConfigOption}), the rules that changed across kernel versions ({@link io.kmemlab.emulator.spec.KernelProfile}) and the boot phases ({@link io.kmemlab.emulator.spec.BootPhase}). The bottom of the emulator: it imports no other emulator package.
 */
package io.kmemlab.emulator.spec;

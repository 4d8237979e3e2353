/**
 * The Platform's debug model over a scenario run: one target per launch, a thread per context (the scenario, each process and kthread), a frame per block, variables from the interpreter's rows, and reverse stepping ({@link io.kmemlab.debug.core.model.IReverseStep}).
 */
package io.kmemlab.debug.core.model;

/**
 * The kmemlab scenario launch configuration: its settings, the scenarios a launch runs (file, scenario, machine override) and the delegate for run and debug mode.
 */
package io.kmemlab.debug.core.launch;

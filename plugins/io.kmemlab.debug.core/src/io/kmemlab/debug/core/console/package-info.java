/**
 * The console of a scenario launch: a process whose output is the text kmemlab run prints.
 */
package io.kmemlab.debug.core.console;

/**
 * Links from a scenario run's console to the .kmem source.
 */
package io.kmemlab.debug.ui.console;

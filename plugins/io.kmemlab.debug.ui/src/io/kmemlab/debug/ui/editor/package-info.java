/**
 * The .kmem editor while a scenario is suspended: the value of a variable under the mouse.
 */
package io.kmemlab.debug.ui.editor;

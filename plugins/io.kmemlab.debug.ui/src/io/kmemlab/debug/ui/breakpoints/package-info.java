/**
 * Breakpoints in the .kmem editor: the toggle target for ruler double-click and Run > Toggle Breakpoint, Run to Line, and the breakpoint properties page.
 */
package io.kmemlab.debug.ui.breakpoints;

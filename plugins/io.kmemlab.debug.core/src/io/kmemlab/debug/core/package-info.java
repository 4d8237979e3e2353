/**
 * The kmemlab debugger without UI: its identifiers ({@link io.kmemlab.debug.core.KmemDebug}). The launch, the debug model, breakpoints, source lookup and the console process live in the sub-packages.
 */
package io.kmemlab.debug.core;

/**
 * Line breakpoints (with a condition in the language) and event breakpoints, as persistent markers; the debug model hands them to the session as the interpreter's breakpoints.
 */
package io.kmemlab.debug.core.breakpoints;

/**
 * Text renderings of the emulator's inspection objects ({@code io.kmemlab.emulator.inspect}),
 * shared by the CLI and the IDE views' "Copy as text" so that both print the same thing: each
 * entry point is a static method taking an inspection object and returning the text. The
 * layouts are the kernel's (dump_page() of mm/debug.c) and crash's (vtop, kmem -p, kmem -n).
 * No UI code here.
 */
package io.kmemlab.interpreter.render;

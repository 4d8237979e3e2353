package io.kmemlab.interpreter.debug;

import io.kmemlab.interpreter.value.Value;

/**
 * An expression evaluated while suspended (a debugger's Expressions view, a hover), rendered
 * on the engine thread so another thread can show it.
 *
 * @param expression the text as given
 * @param value      its value, null when it could not be evaluated
 * @param text       the value as {@code kmemlab run} prints it ({@code (struct page *) 0x...}),
 *                   or the reason it could not be evaluated
 * @param ok         false when {@code text} is a reason, not a value
 */
public record Evaluation(String expression, Value value, String text, boolean ok) { }

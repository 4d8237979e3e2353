package io.kmemlab.interpreter.port;

/**
 * Where what a built-in prints to the kernel log goes (dump_page()): the statement's output.
 * A statement's trace implements it; a trace that does not (a debugger's evaluation) drops it.
 */
public interface KernelLog {
    void printk(String text);
}

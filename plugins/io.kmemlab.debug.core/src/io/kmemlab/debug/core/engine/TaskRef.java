package io.kmemlab.debug.core.engine;

/**
 * A process or kernel thread of the scenario, named as the kernel names it.
 *
 * @param name the task's comm
 * @param pid  its pid, 0 when the machine has not created it yet
 * @param kthread true for a kernel thread
 */
public record TaskRef(String name, int pid, boolean kthread) {
	/** {@code app (pid 2)} for a process, {@code [kworker] (pid 3)} for a kernel thread, as ps shows them. */
	public String label() {
		String comm = kthread ? "[" + name + "]" : name;
		return pid > 0 ? comm + " (pid " + pid + ")" : comm;
	}
}

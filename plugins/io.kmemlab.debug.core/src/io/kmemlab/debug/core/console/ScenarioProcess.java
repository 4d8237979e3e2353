package io.kmemlab.debug.core.console;

import io.kmemlab.debug.core.KmemDebug;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.core.runtime.PlatformObject;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy;

/**
 * The console side of a scenario launch: the Platform opens a console for each process of a
 * launch, and this one's output is the text {@code kmemlab run} prints. No operating-system
 * process runs; terminating it ends the scenario run through {@code onTerminate}.
 */
public final class ScenarioProcess extends PlatformObject implements IProcess {
	private final ILaunch launch;
	private final String label;
	private final Map<String, String> attributes = new HashMap<>();
	private final OutputMonitor output = new OutputMonitor();
	private final OutputMonitor errors = new OutputMonitor();
	private final PrintWriter writer;
	private volatile Runnable onTerminate = () -> { };
	private volatile boolean terminated;
	private volatile int exitValue;

	public ScenarioProcess(ILaunch launch, String label) {
		this.launch = launch;
		this.label = label;
		attributes.put(ATTR_PROCESS_TYPE, KmemDebug.PROCESS_TYPE);
		attributes.put(ATTR_PROCESS_LABEL, label);
		this.writer = new PrintWriter(new Writer() {
			@Override
			public void write(char[] buf, int off, int len) {
				output.append(new String(buf, off, len));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		}, true);
		launch.addProcess(this);
		DebugPlugin.getDefault().fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, DebugEvent.CREATE) });
	}

	/** Where the run's text goes (the console). */
	public PrintWriter out() {
		return writer;
	}

	/** What terminating the process does: stop the run that prints to it. */
	public void onTerminate(Runnable action) {
		onTerminate = action;
	}

	/** The run ended: exit value 0 when every scenario passed, 1 otherwise. */
	public void ended(int exit) {
		if (terminated) {
			return;
		}
		exitValue = exit;
		terminated = true;
		writer.flush();
		DebugPlugin.getDefault().fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, DebugEvent.TERMINATE) });
	}

	@Override
	public String getLabel() {
		return label;
	}

	@Override
	public ILaunch getLaunch() {
		return launch;
	}

	@Override
	public IStreamsProxy getStreamsProxy() {
		return new IStreamsProxy() {
			@Override
			public IStreamMonitor getOutputStreamMonitor() {
				return output;
			}

			@Override
			public IStreamMonitor getErrorStreamMonitor() {
				return errors;
			}

			@Override
			public void write(String input) {
				// a scenario reads no input
			}
		};
	}

	@Override
	public void setAttribute(String key, String value) {
		synchronized (attributes) {
			attributes.put(key, value);
		}
	}

	@Override
	public String getAttribute(String key) {
		synchronized (attributes) {
			return attributes.get(key);
		}
	}

	@Override
	public int getExitValue() {
		return exitValue;
	}

	@Override
	public boolean canTerminate() {
		return !terminated;
	}

	@Override
	public boolean isTerminated() {
		return terminated;
	}

	@Override
	public void terminate() {
		if (!terminated) {
			onTerminate.run();
		}
	}
}

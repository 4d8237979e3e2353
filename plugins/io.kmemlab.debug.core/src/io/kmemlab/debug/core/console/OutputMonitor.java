package io.kmemlab.debug.core.console;

import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IFlushableStreamMonitor;

/**
 * The text a scenario run prints, handed to whoever listens (the console). It keeps what was
 * printed until the console asks it to stop buffering, so the start of a run that was printed
 * before the console opened is not lost.
 */
final class OutputMonitor implements IFlushableStreamMonitor {
	private final CopyOnWriteArrayList<IStreamListener> listeners = new CopyOnWriteArrayList<>();
	private final StringBuilder contents = new StringBuilder();
	private boolean buffered = true;

	void append(String text) {
		synchronized (this) {
			if (buffered) {
				contents.append(text);
			}
		}
		for (IStreamListener l : listeners) {
			l.streamAppended(text, this);
		}
	}

	@Override
	public void addListener(IStreamListener listener) {
		listeners.add(listener);
	}

	@Override
	public void removeListener(IStreamListener listener) {
		listeners.remove(listener);
	}

	@Override
	public synchronized String getContents() {
		return contents.toString();
	}

	@Override
	public synchronized void flushContents() {
		contents.setLength(0);
	}

	@Override
	public synchronized void setBuffered(boolean buffer) {
		buffered = buffer;
	}

	@Override
	public synchronized boolean isBuffered() {
		return buffered;
	}
}

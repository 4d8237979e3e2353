package io.kmemlab.debug.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import io.kmemlab.debug.core.model.KmemThread;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;

/** Workspace files, launches and waiting, for the debugger tests. */
final class Sessions {
	static final Duration TIMEOUT = Duration.ofSeconds(60);

	private Sessions() {
	}

	static IFile file(String name, String text) throws CoreException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("debug-core-tests");
		if (!project.exists()) {
			project.create(null);
		}
		if (!project.isOpen()) {
			project.open(null);
		}
		IFile file = project.getFile(name);
		ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(in, true, false, null);
		} else {
			file.create(in, true, null);
		}
		return file;
	}

	static ILaunchConfigurationWorkingCopy config(IFile file, String scenario, boolean stopAtFirst) throws CoreException {
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		ILaunchConfigurationType type = manager.getLaunchConfigurationType(KmemDebug.LAUNCH_TYPE_ID);
		assertNotNull(type, "the launch type " + KmemDebug.LAUNCH_TYPE_ID + " is not registered");
		ILaunchConfigurationWorkingCopy wc = type.newInstance(null, "test " + file.getName());
		new LaunchSettings(file.getFullPath().toPortableString(), scenario, "", stopAtFirst, false).writeTo(wc);
		return wc;
	}

	static KmemDebugTarget debug(ILaunchConfigurationWorkingCopy config) throws CoreException {
		ILaunch launch = config.launch(ILaunchManager.DEBUG_MODE, null);
		IDebugTarget[] targets = launch.getDebugTargets();
		assertEquals(1, targets.length, "one target per launch");
		return (KmemDebugTarget) targets[0];
	}

	static void waitUntil(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("timed out waiting until " + what);
			}
			try {
				Thread.sleep(5);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				fail("interrupted");
			}
		}
	}

	/** Waits until the target suspends (after a command that made it run) and returns what it shows. */
	static Suspension suspended(KmemDebugTarget target) {
		waitUntil(() -> target.isSuspended() || target.isTerminated(), "the target suspends");
		assertTrue(target.isSuspended(), () -> "the target terminated instead of suspending; its console:\n"
				+ target.getProcess().getStreamsProxy().getOutputStreamMonitor().getContents());
		return target.suspension();
	}

	static void terminated(KmemDebugTarget target) {
		waitUntil(target::isTerminated, "the target terminates");
	}

	static KmemStackFrame topFrame(KmemDebugTarget target) {
		KmemThread active = target.activeThread();
		KmemStackFrame top = (KmemStackFrame) active.getTopStackFrame();
		assertNotNull(top, "the active thread " + active.getName() + " has no frame");
		return top;
	}

	static void removeAllBreakpoints() throws CoreException {
		IBreakpoint[] all = DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(KmemDebug.MODEL_ID);
		DebugPlugin.getDefault().getBreakpointManager().removeBreakpoints(all, true);
	}
}

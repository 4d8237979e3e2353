package io.kmemlab.debug.ui.launch;

import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.core.launch.ScenarioSource;
import io.kmemlab.interpreter.load.KmemFiles;
import io.kmemlab.interpreter.run.ScenarioRunner;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.FilteredResourcesSelectionDialog;

/**
 * The Main tab: the .kmem file, the scenario (one or all), a machine to run on instead of the
 * scenario's own, and where debug mode stops by itself.
 */
public class ScenarioMainTab extends AbstractLaunchConfigurationTab {
	static final String ALL_SCENARIOS = "(all scenarios, in file order)";
	static final String OWN_MACHINE = "(each scenario's own machine)";

	private Text file;
	private Combo scenario;
	private Combo machine;
	private Button stopAtFirst;
	private Button stopAtBootPhases;
	/** The file whose names fill the combos, so they are read again only when it changes. */
	private String namesOf = "";

	@Override
	public void createControl(Composite parent) {
		Composite top = new Composite(parent, SWT.NONE);
		top.setLayout(new GridLayout(3, false));
		setControl(top);

		new Label(top, SWT.NONE).setText("&File:");
		file = new Text(top, SWT.BORDER);
		file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		file.addModifyListener(e -> {
			refreshNames();
			updateLaunchConfigurationDialog();
		});
		Button browse = new Button(top, SWT.PUSH);
		browse.setText("&Browse...");
		browse.addListener(SWT.Selection, e -> browse());

		new Label(top, SWT.NONE).setText("&Scenario:");
		scenario = new Combo(top, SWT.DROP_DOWN | SWT.READ_ONLY);
		scenario.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		scenario.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());

		new Label(top, SWT.NONE).setText("&Machine:");
		machine = new Combo(top, SWT.DROP_DOWN | SWT.READ_ONLY);
		machine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		machine.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());

		Group stops = new Group(top, SWT.NONE);
		stops.setText("Debug mode stops");
		stops.setLayout(new GridLayout(1, false));
		stops.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
		stopAtFirst = new Button(stops, SWT.CHECK);
		stopAtFirst.setText("before the scenario's &first statement");
		stopAtFirst.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
		stopAtBootPhases = new Button(stops, SWT.CHECK);
		stopAtBootPhases.setText("after each &boot phase of the machine (memblock, page tables, memmap, zones, buddy)");
		stopAtBootPhases.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
	}

	private void browse() {
		FilteredResourcesSelectionDialog d = new FilteredResourcesSelectionDialog(getShell(), false,
				ResourcesPlugin.getWorkspace().getRoot(), IResource.FILE);
		d.setTitle("Choose a .kmem file");
		d.setInitialPattern("*.kmem");
		if (d.open() == Window.OK && d.getFirstResult() instanceof IFile f) {
			file.setText(f.getFullPath().toPortableString());
		}
	}

	/** Fills the combos with the scenarios of the file and the machines it can see. */
	private void refreshNames() {
		String path = file.getText().strip();
		if (path.equals(namesOf)) {
			return;
		}
		namesOf = path;
		String chosenScenario = scenario.getText();
		String chosenMachine = machine.getText();
		List<String> scenarios = new ArrayList<>();
		List<String> machines = new ArrayList<>();
		try {
			IFile f = ScenarioSource.file(new LaunchSettings(path, "", "", false, false));
			KmemFiles.Loaded loaded = KmemFiles.load(Path.of(f.getLocation().toOSString()), false);
			for (Scenario s : ScenarioRunner.scenarios(loaded.model())) {
				scenarios.add(s.getName());
			}
			for (Machine m : ScenarioSource.machines(loaded.model())) {
				machines.add(m.getName());
			}
		} catch (CoreException | RuntimeException e) {
			// no such file yet: the combos keep only their defaults; isValid says what is wrong
		}
		fill(scenario, ALL_SCENARIOS, scenarios, chosenScenario);
		fill(machine, OWN_MACHINE, machines, chosenMachine);
	}

	private static void fill(Combo combo, String none, List<String> names, String chosen) {
		combo.removeAll();
		combo.add(none);
		for (String n : names) {
			combo.add(n);
		}
		int at = combo.indexOf(chosen);
		combo.select(at < 0 ? 0 : at);
	}

	@Override
	public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
		new LaunchSettings("", "", "", false, false).writeTo(configuration);
	}

	@Override
	public void initializeFrom(ILaunchConfiguration configuration) {
		try {
			LaunchSettings s = LaunchSettings.of(configuration);
			namesOf = "\0";
			file.setText(s.file());
			refreshNames();
			select(scenario, s.scenario());
			select(machine, s.machine());
			stopAtFirst.setSelection(s.stopAtFirst());
			stopAtBootPhases.setSelection(s.stopAtBootPhases());
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
		}
	}

	/** Selects {@code name}, adding it when the file does not have it (isValid then says so). */
	private static void select(Combo combo, String name) {
		if (name.isEmpty()) {
			combo.select(0);
			return;
		}
		if (combo.indexOf(name) < 0) {
			combo.add(name);
		}
		combo.select(combo.indexOf(name));
	}

	private static String chosen(Combo combo) {
		return combo.getSelectionIndex() <= 0 ? "" : combo.getText();
	}

	@Override
	public void performApply(ILaunchConfigurationWorkingCopy configuration) {
		LaunchSettings s = new LaunchSettings(file.getText().strip(), chosen(scenario), chosen(machine), stopAtFirst.getSelection(),
				stopAtBootPhases.getSelection());
		s.writeTo(configuration);
		try {
			IFile f = ScenarioSource.file(s);
			configuration.setMappedResources(new IResource[] { f });
		} catch (CoreException e) {
			configuration.setMappedResources(null);
		}
	}

	@Override
	public boolean isValid(ILaunchConfiguration launchConfig) {
		setErrorMessage(null);
		try {
			ScenarioSource.file(LaunchSettings.of(launchConfig));
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
			return false;
		}
		return true;
	}

	@Override
	public String getName() {
		return "Main";
	}
}

package io.stillwatch.app;

import io.stillwatch.app.cli.AccountsCommand;
import io.stillwatch.app.cli.BaselineCommand;
import io.stillwatch.app.cli.CheckCommand;
import io.stillwatch.app.cli.DemoCommand;
import io.stillwatch.app.cli.MockUpstreamCommand;
import io.stillwatch.app.cli.ServeCommand;
import io.stillwatch.app.cli.KeysCommand;
import io.stillwatch.app.cli.EvaluateCommand;
import io.stillwatch.app.cli.ReplayCommand;
import io.stillwatch.app.cli.SimulateCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code stillwatch} command. Results go to standard output; messages and progress
 * to standard error, so scripts can capture results.
 */
@Command(name = "stillwatch",
        mixinStandardHelpOptions = true,
        versionProvider = StillwatchCommand.Version.class,
        description = "The access layer for model APIs: authenticates callers, enforces limits and policy, "
                + "and finds organised distillation campaigns.",
        subcommands = {
            DemoCommand.class,
            CheckCommand.class,
            ServeCommand.class,
            MockUpstreamCommand.class,
            AccountsCommand.class,
            KeysCommand.class,
            ReplayCommand.class,
            SimulateCommand.class,
            EvaluateCommand.class,
            BaselineCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StillwatchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The configured command line: clear one-line errors for bad input, no stack traces. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new StillwatchCommand());
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = StillwatchCommand.class.getResourceAsStream("/stillwatch-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"stillwatch " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

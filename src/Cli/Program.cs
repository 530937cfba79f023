using E2eeConformance.Cli;

return CommandLineApp.Invoke(args);

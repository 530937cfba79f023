using System.CommandLine;
using E2eeConformance.Cli;

RootCommand root = CommandLineApp.Build();
return await root.Parse(args).InvokeAsync();

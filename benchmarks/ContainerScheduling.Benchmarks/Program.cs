using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ContainerScheduling.Benchmarks.PlacementBenchmarks).Assembly).Run(args);

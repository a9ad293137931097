using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// Wide parameter columns: the JSONPath and intrinsic-function parameters are the expressions themselves.
var config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(120));
BenchmarkSwitcher.FromAssembly(typeof(OrderSaga.Benchmarks.JsonPathBenchmarks).Assembly).Run(args, config);

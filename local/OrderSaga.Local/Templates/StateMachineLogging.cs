namespace OrderSaga.Local.Templates;

/// <summary>Step Functions logging: <see cref="Level"/> is ALL, ERROR, FATAL or OFF.</summary>
internal sealed record StateMachineLogging(string Level, bool IncludeExecutionData, IReadOnlyList<string> LogGroupArns);

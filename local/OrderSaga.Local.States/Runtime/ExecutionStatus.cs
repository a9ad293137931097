namespace OrderSaga.Local.States.Runtime;

public enum ExecutionStatus
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
}

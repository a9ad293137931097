namespace OrderSaga.Local.Events.Tests;

public sealed class PutTargetsValidatorTests
{
    [Fact]
    public void Validate_GoodTargets_IsNull() =>
        Assert.Null(PutTargetsValidator.Validate([new EventTarget("StateMachine", "arn:aws:states:us-east-1:1:stateMachine:x", InputPath: "$.detail")]));

    [Fact]
    public void Validate_TwoBadIds_ListsBothViolations()
    {
        var error = PutTargetsValidator.Validate([new EventTarget("bad id", "a"), new EventTarget(new string('a', 65), "a")]);
        Assert.StartsWith("2 validation errors detected: Value 'bad id' at 'targets.1.member.id'", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SixthTargetOnRule_IsLimitExceeded() =>
        Assert.Equal("LimitExceededException", PutTargetsValidator.Validate([new EventTarget("t", "a")], otherTargetsOnRule: 5)!.Code);

    [Fact]
    public void Validate_UnknownPlaceholder_NamesIt()
    {
        var transformer = new InputTransformer(new Dictionary<string, string> { ["id"] = "$.id" }, "\"<id> <other> <aws.events.rule-name>\"");
        var error = PutTargetsValidator.Validate([new EventTarget("t", "a", InputTransformer: transformer)]);
        Assert.Equal("InputTemplate for target t contains invalid placeholder other.", error!.Message);
    }
}

using System.Text.Json.Nodes;

namespace OrderSaga.Local.Tests.EventBridge;

public sealed class EventBridgeApiTests : IDisposable
{
    private readonly EventBridgeHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public void Api_Identity_IsAwsEventsJson11()
    {
        Assert.Equal(("AWSEvents", "application/x-amz-json-1.1"), (h.Api.TargetPrefix, h.Api.ContentType));
    }

    [Fact]
    public async Task PutEvents_InvalidEntries_AnswersPerEntryErrors()
    {
        var response = await h.CallAsync("PutEvents", """
            {"Entries":[
              {"DetailType":"x","Detail":"{}"},
              {"Source":"s","DetailType":"x","Detail":"[1]"},
              {"Source":"s","DetailType":"x","Detail":"{\"a\":1}"}
            ]}
            """);

        Assert.Equal(2, response["FailedEntryCount"]!.GetValue<int>());
        var entries = response["Entries"]!.AsArray();
        Assert.Equal("InvalidArgument", entries[0]!["ErrorCode"]!.GetValue<string>());
        Assert.Equal("Parameter Source is not valid. Reason: Source is a required argument.", entries[0]!["ErrorMessage"]!.GetValue<string>());
        Assert.Equal("MalformedDetail", entries[1]!["ErrorCode"]!.GetValue<string>());
        Assert.NotNull(entries[2]!["EventId"]);
        Assert.Null(entries[2]!["ErrorCode"]);
        Assert.Equal((1L, 2L), (h.Service.Metrics.Accepted, h.Service.Metrics.Rejected));
    }

    [Fact]
    public async Task PutEvents_ElevenEntries_WholeRequestValidationException()
    {
        var entries = new JsonArray([.. Enumerable.Range(0, 11).Select(_ => (JsonNode)new JsonObject { ["Source"] = "s", ["DetailType"] = "d", ["Detail"] = "{}" })]);

        var error = await h.CallFailingAsync("PutEvents", EventBridgeHarness.Json(new JsonObject { ["Entries"] = entries }));

        Assert.Equal(("ValidationException", 400), (error.Type, error.StatusCode));
        Assert.EndsWith("Member must have length less than or equal to 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Service.Metrics.Accepted);
    }

    [Fact]
    public async Task PutEvents_NoEntriesMember_ValidationException()
    {
        var error = await h.CallFailingAsync("PutEvents", "{}");

        Assert.Equal("ValidationException", error.Type);
        Assert.Contains("'entries'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestEventPattern_MatchingEvent_ReturnsTrue()
    {
        var response = await h.CallAsync("TestEventPattern", """
            {"EventPattern":"{\"source\":[\"a\"],\"detail\":{\"n\":[{\"numeric\":[\">\",1]}]}}",
             "Event":"{\"id\":\"1\",\"account\":\"111111111111\",\"source\":\"a\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"detail-type\":\"t\",\"detail\":{\"n\":2}}"}
            """);

        Assert.True(response["Result"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TestEventPattern_InvalidPattern_InvalidEventPatternException()
    {
        var error = await h.CallFailingAsync("TestEventPattern", """{"EventPattern":"{\"source\":\"a\"}","Event":"{}"}""");

        Assert.Equal("InvalidEventPatternException", error.Type);
        Assert.StartsWith("Event pattern is not valid. Reason: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestEventPattern_EventMissingEnvelopeFields_ValidationException()
    {
        var error = await h.CallFailingAsync("TestEventPattern", """{"EventPattern":"{\"source\":[\"a\"]}","Event":"{\"source\":\"a\"}"}""");

        Assert.Equal(("ValidationException", "Parameter Event is not valid."), (error.Type, error.Message));
    }

    [Fact]
    public async Task ListEventBuses_DefaultAndCustomBus_ListsBothWithArns()
    {
        h.Service.CreateEventBus("order-saga");

        var response = await h.CallAsync("ListEventBuses", "{}");

        var buses = response["EventBuses"]!.AsArray();
        Assert.Equal(["default", "order-saga"], buses.Select(b => b!["Name"]!.GetValue<string>()));
        Assert.Equal("arn:aws:events:us-east-1:111111111111:event-bus/order-saga", buses[1]!["Arn"]!.GetValue<string>());
        Assert.Equal(EventBridgeHarness.Start.ToUnixTimeSeconds(), buses[1]!["CreationTime"]!.GetValue<double>());
    }

    [Fact]
    public async Task DescribeEventBus_UnknownBus_ResourceNotFoundException()
    {
        var error = await h.CallFailingAsync("DescribeEventBus", """{"Name":"nope"}""");

        Assert.Equal(("ResourceNotFoundException", "Event bus nope does not exist."), (error.Type, error.Message));
    }

    [Fact]
    public async Task DescribeEventBus_NoName_DescribesDefaultBus()
    {
        var response = await h.CallAsync("DescribeEventBus", "{}");

        Assert.Equal("arn:aws:events:us-east-1:111111111111:event-bus/default", response["Arn"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutRule_CustomBus_ArnNamesBusAndRuleIsDescribed()
    {
        h.Service.CreateEventBus("order-saga");

        var put = await h.CallAsync("PutRule", """{"Name":"created","EventBusName":"order-saga","EventPattern":"{\"source\":[\"x\"]}","Description":"orders"}""");
        var described = await h.CallAsync("DescribeRule", """{"Name":"created","EventBusName":"order-saga"}""");

        Assert.Equal("arn:aws:events:us-east-1:111111111111:rule/order-saga/created", put["RuleArn"]!.GetValue<string>());
        Assert.Equal("""{"source":["x"]}""", described["EventPattern"]!.GetValue<string>());
        Assert.Equal(("ENABLED", "order-saga", "orders", "111111111111"), (
            described["State"]!.GetValue<string>(), described["EventBusName"]!.GetValue<string>(),
            described["Description"]!.GetValue<string>(), described["CreatedBy"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PutRule_InvalidPattern_InvalidEventPatternException()
    {
        var error = await h.CallFailingAsync("PutRule", """{"Name":"bad","EventPattern":"{\"source\":[{\"prefix\":1}]}"}""");

        Assert.Equal("InvalidEventPatternException", error.Type);
        Assert.Empty(h.Service.ListRules(null));
    }

    [Fact]
    public async Task PutRule_NeitherPatternNorSchedule_ValidationException()
    {
        var error = await h.CallFailingAsync("PutRule", """{"Name":"empty"}""");

        Assert.Equal(("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified."), (error.Type, error.Message));
    }

    [Fact]
    public async Task PutRule_ExistingRule_KeepsItsTargets()
    {
        await h.AddRuleAsync("keep", """[{"Id":"q","Arn":"arn:aws:sqs:us-east-1:111111111111:q"}]""");

        await h.CallAsync("PutRule", """{"Name":"keep","EventPattern":"{\"source\":[\"other\"]}"}""");
        var targets = await h.CallAsync("ListTargetsByRule", """{"Rule":"keep"}""");

        Assert.Single(targets["Targets"]!.AsArray());
    }

    [Fact]
    public async Task DescribeRule_UnknownRule_ResourceNotFoundException()
    {
        var error = await h.CallFailingAsync("DescribeRule", """{"Name":"ghost"}""");

        Assert.Equal(("ResourceNotFoundException", "Rule ghost does not exist on EventBus default."), (error.Type, error.Message));
    }

    [Fact]
    public async Task DescribeRule_NoName_ValidationException()
    {
        var error = await h.CallFailingAsync("DescribeRule", "{}");

        Assert.Equal("ValidationException", error.Type);
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRules_NamePrefixAndLimit_FiltersAndPages()
    {
        foreach (var name in new[] { "order-a", "order-b", "order-c", "audit" })
        {
            await h.CallAsync("PutRule", $$$"""{"Name":"{{{name}}}","EventPattern":"{\"source\":[\"x\"]}"}""");
        }

        var first = await h.CallAsync("ListRules", """{"NamePrefix":"order-","Limit":2}""");
        var token = first["NextToken"]!.GetValue<string>();
        var second = await h.CallAsync("ListRules", $$$"""{"NamePrefix":"order-","Limit":2,"NextToken":"{{{token}}}"}""");

        Assert.Equal(["order-a", "order-b"], first["Rules"]!.AsArray().Select(r => r!["Name"]!.GetValue<string>()));
        Assert.Equal(["order-c"], second["Rules"]!.AsArray().Select(r => r!["Name"]!.GetValue<string>()));
        Assert.Null(second["NextToken"]);
    }

    [Fact]
    public async Task ListTargetsByRule_FullTarget_ReturnsAwsShape()
    {
        await h.AddRuleAsync("shaped", """
            [{"Id":"t1","Arn":"arn:aws:sqs:us-east-1:111111111111:q","RetryPolicy":{"MaximumRetryAttempts":4,"MaximumEventAgeInSeconds":600},
              "DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:111111111111:dlq"},
              "InputTransformer":{"InputPathsMap":{"id":"$.id"},"InputTemplate":"{\"id\": <id>}"}}]
            """);

        var response = await h.CallAsync("ListTargetsByRule", """{"Rule":"shaped"}""");

        var target = Assert.Single(response["Targets"]!.AsArray())!;
        Assert.Equal(4, target["RetryPolicy"]!["MaximumRetryAttempts"]!.GetValue<int>());
        Assert.Equal(600, target["RetryPolicy"]!["MaximumEventAgeInSeconds"]!.GetValue<int>());
        Assert.Equal("arn:aws:sqs:us-east-1:111111111111:dlq", target["DeadLetterConfig"]!["Arn"]!.GetValue<string>());
        Assert.Equal("$.id", target["InputTransformer"]!["InputPathsMap"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutTargets_TwoInputOptions_ValidationException()
    {
        await h.CallAsync("PutRule", """{"Name":"r","EventPattern":"{\"source\":[\"x\"]}"}""");

        var error = await h.CallFailingAsync("PutTargets", """{"Rule":"r","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:111111111111:q","Input":"{}","InputPath":"$.detail"}]}""");

        Assert.Equal(("ValidationException", "Only one of Input, InputPath, or InputTransformer must be provided for target t."), (error.Type, error.Message));
    }

    [Fact]
    public async Task PutTargets_RetryAttemptsOutOfRange_ValidationException()
    {
        await h.CallAsync("PutRule", """{"Name":"r","EventPattern":"{\"source\":[\"x\"]}"}""");

        var error = await h.CallFailingAsync("PutTargets", """{"Rule":"r","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:111111111111:q","RetryPolicy":{"MaximumRetryAttempts":186}}]}""");

        Assert.Equal("ValidationException", error.Type);
        Assert.Contains("maximumRetryAttempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutTargets_UnknownRule_ResourceNotFoundException()
    {
        var error = await h.CallFailingAsync("PutTargets", """{"Rule":"ghost","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:111111111111:q"}]}""");

        Assert.Equal(("ResourceNotFoundException", "Rule ghost does not exist on EventBus default."), (error.Type, error.Message));
    }

    [Fact]
    public async Task DeleteRule_RuleWithTargets_RefusedUntilTargetsRemoved()
    {
        await h.AddRuleAsync("busy", """[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:111111111111:q"}]""");

        var error = await h.CallFailingAsync("DeleteRule", """{"Name":"busy"}""");
        var removed = await h.CallAsync("RemoveTargets", """{"Rule":"busy","Ids":["t"]}""");
        await h.CallAsync("DeleteRule", """{"Name":"busy"}""");

        Assert.Equal(("ValidationException", "Rule can't be deleted since it has targets."), (error.Type, error.Message));
        Assert.Equal(0, removed["FailedEntryCount"]!.GetValue<int>());
        Assert.Empty(h.Service.ListRules(null));
    }

    [Fact]
    public async Task HandleAsync_UnknownOperation_UnknownOperationException()
    {
        var error = await h.CallFailingAsync("CreateConnection", "{}");

        Assert.Equal("UnknownOperationException", error.Type);
    }

    [Fact]
    public async Task PutRule_NameWithSpace_ValidationException()
    {
        var error = await h.CallFailingAsync("PutRule", """{"Name":"my rule","EventPattern":"{\"source\":[\"x\"]}"}""");

        Assert.Equal("ValidationException", error.Type);
        Assert.Equal(@"1 validation error detected: Value 'my rule' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+", error.Message);
    }

    [Fact]
    public async Task PutEvents_EntryTime_IsTheEnvelopeTime()
    {
        var queue = h.Sqs.CreateQueue("timed");
        await h.AddRuleAsync("timed", $$$"""[{"Id":"q","Arn":"{{{queue.Arn}}}","InputPath":"$.time"}]""");

        await h.CallAsync("PutEvents", """{"Entries":[{"Source":"test.orders","DetailType":"t","Detail":"{}","Time":1767225600}]}""");
        await h.IdleAsync();

        Assert.Equal("\"2026-01-01T00:00:00Z\"", Assert.Single(queue.Peek()).Body);
    }

    [Fact]
    public async Task PutEvents_TimeNotATimestamp_SerializationException()
    {
        var error = await h.CallFailingAsync("PutEvents", """{"Entries":[{"Source":"s","DetailType":"t","Detail":"{}","Time":"yesterday"}]}""");

        Assert.Equal("SerializationException", error.Type);
        Assert.Contains("Entries[0].Time", error.Message, StringComparison.Ordinal);
    }
}

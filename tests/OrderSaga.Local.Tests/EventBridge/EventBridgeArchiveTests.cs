using System.Text.Json.Nodes;

namespace OrderSaga.Local.Tests.EventBridge;

public sealed class EventBridgeArchiveTests : IDisposable
{
    private const string DefaultBusArn = "arn:aws:events:us-east-1:111111111111:event-bus/default";
    private readonly EventBridgeHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task CreateArchive_EventsPut_ArchivesThoseMatchingItsPattern()
    {
        var created = await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"orders","EventSourceArn":"{{{DefaultBusArn}}}","EventPattern":"{\"source\":[\"test.orders\"]}","RetentionDays":7}""");

        await h.PutOrderAsync("ORD-1");
        await h.PutOrderAsync("ORD-2", source: "test.other");
        var described = await h.CallAsync("DescribeArchive", """{"ArchiveName":"orders"}""");

        Assert.Equal("arn:aws:events:us-east-1:111111111111:archive/orders", created["ArchiveArn"]!.GetValue<string>());
        Assert.Equal("ENABLED", created["State"]!.GetValue<string>());
        Assert.Equal(1, described["EventCount"]!.GetValue<int>());
        Assert.True(described["SizeBytes"]!.GetValue<long>() > 0);
        Assert.Equal(7, described["RetentionDays"]!.GetValue<int>());
        Assert.Equal(DefaultBusArn, described["EventSourceArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateArchive_SameNameTwice_ResourceAlreadyExistsException()
    {
        await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"a","EventSourceArn":"{{{DefaultBusArn}}}"}""");

        var error = await h.CallFailingAsync("CreateArchive", $$$"""{"ArchiveName":"a","EventSourceArn":"{{{DefaultBusArn}}}"}""");

        Assert.Equal(("ResourceAlreadyExistsException", "Archive a already exists."), (error.Type, error.Message));
    }

    [Fact]
    public async Task CreateArchive_UnknownBus_ResourceNotFoundException()
    {
        var error = await h.CallFailingAsync("CreateArchive", """{"ArchiveName":"a","EventSourceArn":"arn:aws:events:us-east-1:111111111111:event-bus/nope"}""");

        Assert.Equal(("ResourceNotFoundException", "Event bus nope does not exist."), (error.Type, error.Message));
    }

    [Fact]
    public async Task DescribeArchive_Unknown_ResourceNotFoundException()
    {
        var error = await h.CallFailingAsync("DescribeArchive", """{"ArchiveName":"ghost"}""");

        Assert.Equal(("ResourceNotFoundException", "Archive ghost does not exist."), (error.Type, error.Message));
    }

    [Fact]
    public async Task ListArchives_NamePrefix_Filters()
    {
        await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"orders-archive","EventSourceArn":"{{{DefaultBusArn}}}"}""");
        await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"audit-archive","EventSourceArn":"{{{DefaultBusArn}}}"}""");

        var response = await h.CallAsync("ListArchives", """{"NamePrefix":"orders"}""");

        var archive = Assert.Single(response["Archives"]!.AsArray())!;
        Assert.Equal("orders-archive", archive["ArchiveName"]!.GetValue<string>());
        Assert.Equal(0, archive["EventCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task StartReplay_ArchivedEvents_RedeliveredWithReplayNameToFilteredRules()
    {
        var replayed = h.Sqs.CreateQueue("replayed");
        var skipped = h.Sqs.CreateQueue("skipped");
        await h.AddRuleAsync("inspect", $$$"""[{"Id":"q","Arn":"{{{replayed.Arn}}}"}]""");
        await h.AddRuleAsync("live", $$$"""[{"Id":"q","Arn":"{{{skipped.Arn}}}"}]""");
        var archiveArn = (await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"all","EventSourceArn":"{{{DefaultBusArn}}}"}"""))["ArchiveArn"]!.GetValue<string>();
        await h.PutOrderAsync("ORD-1");
        await h.PutOrderAsync("ORD-2");
        await h.IdleAsync();
        replayed.Purge();
        skipped.Purge();
        var start = EventBridgeHarness.Start.AddMinutes(-1).ToUnixTimeSeconds();
        var end = EventBridgeHarness.Start.AddMinutes(1).ToUnixTimeSeconds();

        var started = await h.CallAsync("StartReplay", $$$"""
            {"ReplayName":"r1","EventSourceArn":"{{{archiveArn}}}","EventStartTime":{{{start}}},"EventEndTime":{{{end}}},
             "Destination":{"Arn":"{{{DefaultBusArn}}}","FilterArns":["arn:aws:events:us-east-1:111111111111:rule/inspect"]}}
            """);
        await h.IdleAsync();
        var described = await h.CallAsync("DescribeReplay", """{"ReplayName":"r1"}""");

        Assert.Equal("STARTING", started["State"]!.GetValue<string>());
        Assert.Equal("arn:aws:events:us-east-1:111111111111:replay/r1", started["ReplayArn"]!.GetValue<string>());
        var bodies = replayed.Peek().Select(m => JsonNode.Parse(m.Body)!).ToList();
        Assert.Equal(["ORD-1", "ORD-2"], bodies.Select(b => b["detail"]!["orderId"]!.GetValue<string>()).Order());
        Assert.All(bodies, b => Assert.Equal("r1", b["replay-name"]!.GetValue<string>()));
        Assert.Empty(skipped.Peek());
        Assert.Equal("COMPLETED", described["State"]!.GetValue<string>());
        Assert.Equal(EventBridgeHarness.Start.ToUnixTimeSeconds(), described["EventLastReplayedTime"]!.GetValue<double>());
        Assert.NotNull(described["ReplayEndTime"]);
        Assert.Equal(2, (await h.CallAsync("DescribeArchive", """{"ArchiveName":"all"}"""))["EventCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task StartReplay_EventsOutsideRange_NotReplayed()
    {
        var queue = h.Sqs.CreateQueue("late");
        await h.AddRuleAsync("late", $$$"""[{"Id":"q","Arn":"{{{queue.Arn}}}"}]""");
        var archiveArn = (await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"range","EventSourceArn":"{{{DefaultBusArn}}}"}"""))["ArchiveArn"]!.GetValue<string>();
        await h.PutOrderAsync();
        await h.IdleAsync();
        queue.Purge();
        var start = EventBridgeHarness.Start.AddHours(1).ToUnixTimeSeconds();

        await h.CallAsync("StartReplay", $$$"""{"ReplayName":"later","EventSourceArn":"{{{archiveArn}}}","EventStartTime":{{{start}}},"EventEndTime":{{{start + 60}}},"Destination":{"Arn":"{{{DefaultBusArn}}}"}}""");
        await h.IdleAsync();

        Assert.Empty(queue.Peek());
        Assert.Equal("COMPLETED", EventBridgeApiState(h.Service.GetReplay("later")));
    }

    [Fact]
    public async Task StartReplay_EndBeforeStart_ValidationException()
    {
        var archiveArn = (await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"x","EventSourceArn":"{{{DefaultBusArn}}}"}"""))["ArchiveArn"]!.GetValue<string>();

        var error = await h.CallFailingAsync("StartReplay", $$$"""{"ReplayName":"r","EventSourceArn":"{{{archiveArn}}}","EventStartTime":200,"EventEndTime":100,"Destination":{"Arn":"{{{DefaultBusArn}}}"}}""");

        Assert.Equal(("ValidationException", "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime."), (error.Type, error.Message));
    }

    [Fact]
    public async Task StartReplay_OtherBusDestination_ValidationException()
    {
        h.Service.CreateEventBus("other");
        var archiveArn = (await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"x","EventSourceArn":"{{{DefaultBusArn}}}"}"""))["ArchiveArn"]!.GetValue<string>();

        var error = await h.CallFailingAsync("StartReplay", $$$"""{"ReplayName":"r","EventSourceArn":"{{{archiveArn}}}","EventStartTime":100,"EventEndTime":200,"Destination":{"Arn":"arn:aws:events:us-east-1:111111111111:event-bus/other"}}""");

        Assert.Equal(("ValidationException", "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted."), (error.Type, error.Message));
    }

    [Fact]
    public async Task StartReplay_SameNameTwice_ResourceAlreadyExistsException()
    {
        var archiveArn = (await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"x","EventSourceArn":"{{{DefaultBusArn}}}"}"""))["ArchiveArn"]!.GetValue<string>();
        var request = $$$"""{"ReplayName":"dup","EventSourceArn":"{{{archiveArn}}}","EventStartTime":100,"EventEndTime":200,"Destination":{"Arn":"{{{DefaultBusArn}}}"}}""";
        await h.CallAsync("StartReplay", request);

        var error = await h.CallFailingAsync("StartReplay", request);
        await h.IdleAsync();

        Assert.Equal(("ResourceAlreadyExistsException", "Replay dup already exists."), (error.Type, error.Message));
    }

    [Fact]
    public async Task DescribeReplay_Unknown_ResourceNotFoundException()
    {
        var error = await h.CallFailingAsync("DescribeReplay", """{"ReplayName":"ghost"}""");

        Assert.Equal(("ResourceNotFoundException", "Replay ghost does not exist."), (error.Type, error.Message));
    }

    [Fact]
    public async Task ListReplays_StateFilter_ListsCompletedReplays()
    {
        var archiveArn = (await h.CallAsync("CreateArchive", $$$"""{"ArchiveName":"x","EventSourceArn":"{{{DefaultBusArn}}}"}"""))["ArchiveArn"]!.GetValue<string>();
        await h.CallAsync("StartReplay", $$$"""{"ReplayName":"done","EventSourceArn":"{{{archiveArn}}}","EventStartTime":100,"EventEndTime":200,"Destination":{"Arn":"{{{DefaultBusArn}}}"}}""");
        await h.IdleAsync();

        var response = await h.CallAsync("ListReplays", """{"State":"COMPLETED"}""");

        var replay = Assert.Single(response["Replays"]!.AsArray())!;
        Assert.Equal(("done", archiveArn), (replay["ReplayName"]!.GetValue<string>(), replay["EventSourceArn"]!.GetValue<string>()));
        Assert.Equal(100, replay["EventStartTime"]!.GetValue<double>());
    }

    private static string EventBridgeApiState(OrderSaga.Local.EventBridge.EventReplay replay) => OrderSaga.Local.EventBridge.EventBridgeApi.StateName(replay.State);
}

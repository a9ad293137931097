using System.Text.Json.Nodes;

namespace OrderSaga.Local.Analysis.Tests;

/// <summary>Machines that are not the order saga: the checker knows no names, only conventions and the graph.</summary>
public sealed class GenericMachineTests
{
    private const string Retry = """[{"ErrorEquals":["States.TaskFailed"],"MaxDelaySeconds":5,"JitterStrategy":"FULL"}]""";

    private static JsonObject Task(string function, string action, string next, string? catchNext = null)
    {
        var state = JsonNode.Parse($$$"""
            {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":30,"Retry":{{{Retry}}},
             "Parameters":{"FunctionName":"{{{function}}}","Payload":{"action":"{{{action}}}"}},"Next":"{{{next}}}"}
            """)!.AsObject();
        if (catchNext is not null)
        {
            state["Catch"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["Next"] = catchNext });
        }

        return state;
    }

    private static JsonObject Travel() => new()
    {
        ["StartAt"] = "BookHotel",
        ["States"] = new JsonObject
        {
            ["BookHotel"] = Task("hotels", "book", "BookFlight", "Failed"),
            ["BookFlight"] = Task("flights", "book", "Booked", "UndoBookHotel"),
            ["Booked"] = new JsonObject { ["Type"] = "Succeed" },
            ["UndoBookHotel"] = Task("hotels", "unbook", "Failed"),
            ["Failed"] = new JsonObject { ["Type"] = "Fail", ["Error"] = "BookingFailed" },
        },
    };

    [Fact]
    public void Verify_TravelBookingByConvention_PairsUndoWithForwardStep()
    {
        var report = SagaVerifier.Verify(new MachineSource("travel", "test", Travel()));

        Assert.Empty(report.Findings);
        var pair = Assert.Single(report.Compensations);
        Assert.Equal(("BookHotel", "UndoBookHotel"), (pair.Forward, pair.Compensation));
    }

    [Fact]
    public void Verify_TravelBookingCatchGoesStraightToFail_ReportsMissingUndo()
    {
        var asl = Travel();
        asl["States"]!["BookFlight"]!["Catch"]![0]!["Next"] = "Failed";
        asl["States"]!.AsObject().Remove("UndoBookHotel");
        asl["States"]!["BookHotel"]!["Catch"]![0]!["Next"] = "UndoBookHotel";
        asl["States"]!.AsObject()["UndoBookHotel"] = Task("hotels", "unbook", "Failed");

        var report = SagaVerifier.Verify(new MachineSource("travel", "test", asl));

        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingRules.CompensationMissing, "States.BookFlight.Catch[0].Next"), (finding.Rule, finding.Location));
    }

    [Fact]
    public void Verify_TaskInsideParallelWithoutTimeout_ReportsNestedLocation()
    {
        var branchTask = Task("audit", "write", "unused");
        branchTask.Remove("Next");
        branchTask.Remove("TimeoutSeconds");
        branchTask["End"] = true;
        var asl = new JsonObject
        {
            ["StartAt"] = "Fanout",
            ["States"] = new JsonObject
            {
                ["Fanout"] = new JsonObject
                {
                    ["Type"] = "Parallel",
                    ["End"] = true,
                    ["Branches"] = new JsonArray(new JsonObject { ["StartAt"] = "Audit", ["States"] = new JsonObject { ["Audit"] = branchTask } }),
                },
            },
        };

        var report = SagaVerifier.Verify(new MachineSource("fanout", "test", asl));

        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingRules.TaskWithoutTimeout, "States.Fanout.Branches[0].States.Audit.TimeoutSeconds"), (finding.Rule, finding.Location));
    }

    [Fact]
    public void ToJson_Report_CarriesRuleSeverityAndLocation()
    {
        var asl = Travel();
        asl["States"]!["BookFlight"]!.AsObject().Remove("TimeoutSeconds");

        var json = JsonNode.Parse(ReportWriter.ToJson([SagaVerifier.Verify(new MachineSource("travel", "test", asl))]))!;

        var finding = json[0]!["findings"]![0]!;
        Assert.Equal(FindingRules.TaskWithoutTimeout, finding["rule"]!.GetValue<string>());
        Assert.Equal("Error", finding["severity"]!.GetValue<string>());
        Assert.Equal("States.BookFlight.TimeoutSeconds", finding["location"]!.GetValue<string>());
    }
}

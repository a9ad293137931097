namespace OrderSaga.Local.Analysis.Tests;

public sealed class DefinitionLoaderTests
{
    [Fact]
    public void Load_TemplateWithFnJoinDefinition_TurnsTokensIntoPlaceholdersAndVerifiesClean()
    {
        var folder = Directory.CreateTempSubdirectory("verify-cdk-out-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "OrderSagaStack.template.json"), SagaFiles.TemplateWithFnJoin().ToJsonString());

            var machine = Assert.Single(DefinitionLoader.Load(folder.FullName));
            var report = SagaVerifier.Verify(machine);

            Assert.Equal("OrderSagaStateMachine", machine.Name);
            Assert.Equal("arn:${AWS::Partition}:states:::lambda:invoke", machine.Definition["States"]!["ChargePayment"]!["Resource"]!.GetValue<string>());
            Assert.Equal("${PaymentFunction.Arn}", machine.Definition["States"]!["ChargePayment"]!["Parameters"]!["FunctionName"]!.GetValue<string>());
            Assert.Empty(report.Findings);
            Assert.Equal(3, report.Compensations.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_TemplateWithoutStateMachine_ThrowsClearError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\"Resources\": {\"Bus\": {\"Type\": \"AWS::Events::EventBus\"}}}");
        try
        {
            var e = Assert.Throws<AnalysisException>(() => DefinitionLoader.Load(file));

            Assert.Contains("no AWS::StepFunctions::StateMachine", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_MissingPath_ThrowsWithThePath()
    {
        var e = Assert.Throws<AnalysisException>(() => DefinitionLoader.Load("/nonexistent/saga.json"));

        Assert.Contains("/nonexistent/saga.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonThatIsNeitherAslNorTemplate_ThrowsClearError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"verify-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\"hello\": 1}");
        try
        {
            var e = Assert.Throws<AnalysisException>(() => DefinitionLoader.Load(file));

            Assert.Contains("neither an ASL definition", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_CompensationsFileNotAnObject_ThrowsClearError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"comp-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "[\"ChargePayment\"]");
        try
        {
            var e = Assert.Throws<AnalysisException>(() => CompensationConfig.Load(file));

            Assert.Contains("expected an object", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

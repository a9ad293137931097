namespace OrderSaga.Local.Analysis.Tests;

public sealed class CompensationInferenceTests
{
    [Theory]
    [InlineData("ChargePayment", "RefundPayment", true)]
    [InlineData("ReserveInventory", "ReleaseInventory", true)]
    [InlineData("ChargePayment", "UndoChargePayment", true)]
    [InlineData("RecordOrder", "CancelOrder", true)]
    [InlineData("NotifyCustomer", "NotifyCancellation", false)]
    [InlineData("ChargePayment", "RefundShipping", false)]
    [InlineData("ChargePayment", "Refund", false)]
    public void NameMatches_VerbAndNoun_PairsOnlyCompensatingVerbs(string forward, string candidate, bool expected)
    {
        Assert.Equal(expected, CompensationInference.NameMatches(forward, candidate));
    }

    [Theory]
    [InlineData("arn:aws:states:::dynamodb:getItem", true)]
    [InlineData("arn:aws:states:::aws-sdk:s3:listObjectsV2", true)]
    [InlineData("arn:aws:states:::dynamodb:putItem", false)]
    [InlineData("arn:aws:states:::lambda:invoke", false)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Get", false)]
    public void IsRead_Resource_ClassifiesOnlyReadsAsSideEffectFree(string resource, bool expected)
    {
        Assert.Equal(expected, ResourceClassifier.IsRead(resource));
    }
}

// The jsii runtime behind CDK serves one request at a time over one pipe; test classes synthesizing in parallel corrupt it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

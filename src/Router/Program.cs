using PreviewAspire.Router;

InlineCompletions.PreferForThisProcess();
RouterApp.Create(args).Run();

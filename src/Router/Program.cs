using PreviewAspire.Router;

RouterApp.Create(args).Run();

// The lesson format (`LessonSpec`, `LessonParser`, `Dataset`, …) lives in its own target, which
// links no store; whoever runs lessons reads them too, so `import Lessons` brings both.
@_exported import LessonFormat

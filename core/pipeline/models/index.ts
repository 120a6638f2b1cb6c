/** One small class per model: each owns its tensor layout, pre- and post-processing and thresholds. */
export { PersonDetector, DEFAULT_PERSON_DETECTOR, type PersonDetectorSettings } from "./person-detector.ts";
export { PoseEstimator, DEFAULT_POSE_ESTIMATOR, type PoseEstimatorSettings } from "./pose-estimator.ts";
export {
  FaceDetector,
  DEFAULT_FACE_DETECTOR,
  type FaceDetectorSettings,
  type FoundFace,
} from "./face-detector.ts";
export { FaceMesh, DEFAULT_FACE_MESH, type FaceMeshSettings, type FaceLandmarks } from "./face-mesh.ts";
export { IrisModel } from "./iris.ts";
export { ExpressionModel } from "./expression.ts";
export {
  TextDetector,
  DEFAULT_TEXT_DETECTOR,
  type TextDetectorSettings,
  type DetectedText,
} from "./text-detector.ts";
export { TextRecognizer, DEFAULT_TEXT_RECOGNIZER, type TextRecognizerSettings } from "./text-recognizer.ts";

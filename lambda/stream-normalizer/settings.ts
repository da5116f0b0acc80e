/** Environment variable naming the landing bucket that receives the stream normalizer's rejections. */
export const REJECTED_BUCKET_ENV = "REJECTED_BUCKET";

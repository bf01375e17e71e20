export { closeMatches } from './close-matches.js';
export { closestMatch, suggestionSuffix } from './closest.js';
export { editDistance } from './distance.js';
export { didYouMean, didYouMeanAny } from './phrase.js';
